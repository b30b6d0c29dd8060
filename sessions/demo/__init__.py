"""Demo-forum steps of the sessions app (registered in ProgrammeConfig.ready, see forum.demo)."""
