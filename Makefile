# Two commands work on a fresh machine: `make demo` and `make test`.
# Everything Python goes into .venv; render tests need LibreOffice + poppler
# (scripts/install-system-deps.sh installs them; .ci/run does so before `make test`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FONTS  := .cache/fonts/FandolFang-Regular.otf

.PHONY: demo test lint template schema bench clean fonts image

image: docs/first-page.png

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	@for dir in examples/*/; do \
	  slug=$$(basename $$dir); \
	  $(BIN)/drafter build $$dir/facts.yaml -o out/$$slug.docx || exit 1; \
	done

# Fonts for the render tests (open stand-ins for the official font names); a developer
# machine without apt can still run every other test.
fonts:
	@bash scripts/setup-fonts.sh || { [ "$$CI" != "true" ] || exit 1; echo "（未能准备渲染字体，渲染测试将跳过）"; }

# pytest's hypothesis plugin recompiles on every start under PYTHONDONTWRITEBYTECODE.
test: $(STAMP) fonts
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -rs

# ruff, then mypy (with the pydantic plugin) over drafter, tests and bench as configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/python -m ruff check drafter tests templates bench
	$(BIN)/python -m mypy

template: $(STAMP)
	$(BIN)/python -m drafter.docx.template

schema: $(STAMP)
	$(BIN)/drafter schema -o schema/facts.schema.json

# The benchmark compares with pandoc; it is installed like the render tools when missing.
bench: $(STAMP)
	@command -v pandoc >/dev/null || bash scripts/install-system-deps.sh pandoc
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python bench/run.py

clean:
	rm -rf out .pytest_cache

# The README's picture: first page of an example, rendered by LibreOffice.
docs/first-page.png: $(STAMP) examples/longquan-2023/facts.yaml templates/report.docx
	@mkdir -p out
	$(BIN)/drafter build examples/longquan-2023/facts.yaml -o out/longquan-2023.docx
	$(BIN)/python -c "from drafter.docx.libreoffice import convert_to_pdf; convert_to_pdf('out/longquan-2023.docx', 'out/longquan-2023.pdf')"
	pdftoppm -r 70 -png -f 1 -l 1 -singlefile out/longquan-2023.pdf docs/first-page
