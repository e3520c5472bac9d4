"""Consultations: asking a specialist for hours, its steps and who may take them, the schedule, the
hour budgets, working days and the notices they send. One package so that a change to the
consultation flow stays inside it."""
