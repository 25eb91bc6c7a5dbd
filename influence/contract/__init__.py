"""What is declared once, as data: the events schema, the vocabulary, problems, field and formula rules."""
