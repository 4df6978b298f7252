"""The evaluation report: findings computed from every other app (findings/), recommendation
rules and the evaluators' decisions, the report built and rendered to HTML, PDF/UA and Word
(rendering/), published versions and background generation jobs."""
