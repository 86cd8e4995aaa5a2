"""Plain-language prompts: checking and posting questions, the glossary, "unclear" signals."""
