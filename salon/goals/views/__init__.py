"""Goals pages, one module per subdomain: personal goals and circle boards (goals.py),
shared objectives and the stewards' overview (objectives.py), the competency framework
(competencies.py)."""
