"""Follow-up: meetings and contacts with each municipality, agreed actions, cadence and annual meetings, and the programme's learning arenas."""
