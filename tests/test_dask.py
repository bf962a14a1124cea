"""The Dask engine (govbrief.distributed) against the local engine, on a real LocalCluster."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from govbrief.batch import BatchOptions, run_batch  # noqa: E402
from govbrief.distributed import connect, extract_bag, extract_dataframe, run_dask  # noqa: E402
from govbrief.errors import UsageError  # noqa: E402

TEXTS = [
    "9月3日,湖北省市场监管局在武汉启动“质量月”活动,发放资料200余份。",
    "近日,一家公司召开了内部会议,讨论明年的工作安排。",
    "9月5日上午,四川省市场监督管理局联合省经信厅等12个部门举办质量宣传活动。",
    "9月8日,浙江省杭州市市场监管局开展计量进社区活动,服务群众300人次。",
    "9月9日,云南省质量协会组织质量开放日,接待参观者80人。",
]


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as lc, Client(lc) as client:
        yield lc, client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("dask")
    path = d / "in.jsonl"
    rows = [json.dumps({"id": f"k{n}", "text": t, "published": "2022-09-10"},
                       ensure_ascii=False) for n, t in enumerate(TEXTS)]
    rows.insert(2, "{broken")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    local = d / "local.jsonl"
    errors = d / "local-errors.jsonl"
    summary = run_batch([str(path)], BatchOptions(output=str(local), errors=str(errors),
                                                  model=False, jobs=1, handle_signals=False))
    return path, local, errors, summary


def shards(outdir: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(outdir.glob("part-*.jsonl")))


def test_dask_shards_equal_local_records(cluster, inputs, tmp_path):
    _, client = cluster
    path, local, local_errors, local_summary = inputs
    errors = tmp_path / "errors.jsonl"
    summary = run_dask([str(path)], str(tmp_path / "out"), scheduler="", client=client,
                       model=False, partition_size=2, errors=str(errors))
    assert summary.line() == local_summary.line()
    assert len(list((tmp_path / "out").glob("part-*.jsonl"))) == 3
    assert shards(tmp_path / "out") == local.read_text(encoding="utf-8")
    assert errors.read_text(encoding="utf-8") == local_errors.read_text(encoding="utf-8")


def test_dask_cli_against_scheduler(cluster, inputs, tmp_path):
    lc, _ = cluster
    path, local, _, _ = inputs
    out = tmp_path / "cli"
    proc = subprocess.run([sys.executable, "-m", "govbrief", "extract", str(path), "--no-model",
                           "--engine", "dask", "--scheduler", lc.scheduler_address,
                           "-o", str(out), "--partition-size", "3"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr  # the broken line is a failure
    assert "read 6 = written 4 + empty 1 + failed 1" in proc.stderr
    assert shards(out) == local.read_text(encoding="utf-8")
    # A second run into the same directory would mix shards: refused.
    proc = subprocess.run([sys.executable, "-m", "govbrief", "extract", str(path), "--no-model",
                           "--engine", "dask", "--scheduler", lc.scheduler_address,
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "already holds shards" in proc.stderr


def test_dask_bag_and_dataframe_match_local(cluster, inputs):
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    _, client = cluster
    _, local, _, _ = inputs
    expected = [json.loads(x) for x in local.read_text(encoding="utf-8").splitlines()]
    docs = [{"id": f"k{n}", "text": t, "published": "2022-09-10"} for n, t in enumerate(TEXTS)]
    bag = db.from_sequence(docs, npartitions=2)
    got = client.compute(extract_bag(bag, model=False)).result()
    assert got == expected
    ddf = dd.from_pandas(pd.DataFrame(docs), npartitions=2)
    frame = client.compute(extract_dataframe(ddf, model=False)).result()
    assert list(frame["doc_id"]) == [r["doc_id"] for r in expected]
    assert list(frame["counts"]) == [r["counts"] for r in expected]
    gold = client.compute(extract_bag(bag, mode="annotate", model=False)).result()
    assert [g["id"] for g in gold] == [d["id"] for d in docs]


def test_dask_unreachable_scheduler_is_a_usage_error():
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        connect("tcp://127.0.0.1:9", timeout=2)
