"""The automatic scheduler (OR-Tools CP-SAT): :mod:`.model` builds the model from the programme's
facts, :mod:`.solve` solves it within a time limit, :mod:`.explain` says why no schedule exists,
:mod:`.run` runs it for a forum as a :class:`~sessions.models.ScheduleRun`."""
