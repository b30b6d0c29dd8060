"""Demo-forum steps of the sessions app (see forum.demo.STEPS)."""
