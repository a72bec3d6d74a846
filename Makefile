# Two commands work on a fresh machine: `make demo` and `make test`.
# Everything Python goes into .venv; render tests need LibreOffice + poppler
# (scripts/install-system-deps.sh installs them; .ci/run does so before `make test`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
FONTS  := .cache/fonts/FandolFang-Regular.otf

.PHONY: demo test lint template schema bench clean fonts lsp image mutate bundle screenshots

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

# yaml-language-server (pinned by scripts/lsp/package-lock.json) in .cache/lsp for the editor tests
# (tests/factfile/test_lsp.py); offline once installed. Under CI its absence fails the run.
.PHONY: lsp
lsp:
	@bash scripts/setup-lsp.sh || { [ "$$CI" != "true" ] || exit 1; echo "（未能安装 yaml-language-server，编辑器测试将跳过）"; }

# pytest's hypothesis plugin recompiles on every start under PYTHONDONTWRITEBYTECODE.
test: $(STAMP) fonts lsp
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -rs

# Mutation testing of the core modules (tests/MUTANTS.md; not in CI): every survivor, then
# `mutation score N%`. MUTATE_ARGS="--jobs 1 --keep drafter/text/rules.py" runs one module.
MUTATE_STAMP := $(VENV)/.mutate-stamp
MUTATE_ARGS  ?=

$(MUTATE_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $(MUTATE_STAMP)

mutate: $(MUTATE_STAMP)
	@$(BIN)/python scripts/mutate.py $(MUTATE_ARGS)

# The README's pictures of `drafter serve`, taken by the browser tests (an ordinary run keeps them in /tmp).
screenshots: $(STAMP)
	DRAFTER_SCREENSHOTS=$(CURDIR)/docs env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q tests/web/test_browser.py

# ruff, then mypy (with the pydantic plugin) over drafter, tests and bench as configured in pyproject.toml.
lint: $(STAMP)
	$(BIN)/python -m ruff check drafter tests templates bench scripts
	$(BIN)/python -m mypy

template: $(STAMP)
	$(BIN)/python -m drafter.docx.template

schema: $(STAMP)
	$(BIN)/drafter schema -o schema/facts.schema.json

# The benchmark compares with pandoc; it is installed like the render tools when missing.
bench: $(STAMP)
	@command -v pandoc >/dev/null || bash scripts/install-system-deps.sh pandoc
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python bench/run.py

# The offline bundle for office PCs without internet: dist/drafter-离线安装-<version>/ with every wheel for
# win_amd64 and manylinux x86_64, CPython 3.11-3.13, and the install/start scripts (scripts/bundle/).
bundle: $(STAMP)
	$(BIN)/python scripts/make_bundle.py

clean:
	rm -rf out .pytest_cache mutants

# The README's picture: first page of an example, rendered by LibreOffice.
docs/first-page.png: $(STAMP) examples/longquan-2023/facts.yaml templates/report.docx
	@mkdir -p out
	$(BIN)/drafter build examples/longquan-2023/facts.yaml -o out/longquan-2023.docx
	$(BIN)/python -c "from drafter.docx.libreoffice import convert_to_pdf; convert_to_pdf('out/longquan-2023.docx', 'out/longquan-2023.pdf')"
	pdftoppm -r 70 -png -f 1 -l 1 -singlefile out/longquan-2023.pdf docs/first-page
