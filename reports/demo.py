"""Demo data: reports in each state for past sessions of the demo forums."""


def seed(ctx) -> None:
    return None
