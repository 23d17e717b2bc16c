"""Every write to goals, one module per subdomain: personal goals, their milestones and
check-ins (goals.py), a community's objectives and key results (objectives.py), its
competency framework (competencies.py)."""
