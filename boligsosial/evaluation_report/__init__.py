"""The evaluation report: findings computed from every other app, recommendations, the report builder, publishing and PDF/Word output."""
