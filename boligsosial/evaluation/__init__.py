"""Evaluation fieldwork: questionnaires, interviews, documents, coding, quotes and inter-coder agreement."""
