"""drafter: draft the yearly 法治政府建设年度报告 as an official-format DOCX."""

__version__ = "0.1.0"

#: typing.TYPE_CHECKING without importing typing (~2.5 ms of every process): type checkers take any
#: name TYPE_CHECKING as true, so the modules a build imports guard their typing imports with this one.
TYPE_CHECKING = False
