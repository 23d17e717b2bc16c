"""Pages of the innovation lab: challenges, ideas, and the pipeline."""
