"""drafter: draft the yearly 法治政府建设年度报告 as an official-format DOCX."""

__version__ = "0.1.0"
