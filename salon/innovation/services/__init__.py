"""Every write of the innovation lab, one module per subdomain: challenges, ideas, votes,
and the stage pipeline."""
