"""The evaluation of a period: the figures, the report built from them and the lessons recorded;
read-only over the pool and the consultations."""
