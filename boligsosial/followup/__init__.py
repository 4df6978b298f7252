"""Follow-up meetings between Husbanken and the municipalities, agreed actions, contact cadence and learning arenas."""
