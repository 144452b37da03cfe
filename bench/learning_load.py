"""Benchmark: the lesson page and answer submission under load, next to a bare template view.

What it does, in one run:
1. creates (or reuses) a PostgreSQL database, migrates it and imports the awareness course;
2. signs a learner in through the real sign-in form and enrols them (pre-check done);
3. starts gunicorn with 2 sync workers (``--threads 4``: the README's 2 workers of 4 threads;
   bench/learning.md says why sync is the default), the real middleware and the bare views;
4. runs wrk against the bare view (anonymous and signed in), a bare write (signed in: one
   UPDATE committed, then a redirect), the lesson page (GET) and answer submission (POST of a
   module's questions: marks, stores an attempt, answers and xAPI statements) at 16 and 64
   connections, in rounds, and prints requests/s and p50/p99 latency (medians over the
   rounds) with each target's ratio to the bare view, anonymous and signed in;
5. reads the CPU time that the server's workers, PostgreSQL, Redis and wrk used during each
   wrk run (Linux ``/proc`` and this script's ended children) and prints it per request: where
   a request's cost goes, and which part of the machine bounds throughput.

    LANTERN_ENV=test .venv/bin/python bench/learning_load.py [--seconds 10] [--rounds 3] \
        [--threads 1] [--database-url postgres://postgres@127.0.0.1:5432/lantern_learn_bench]

Needs a PostgreSQL server and Redis (both on this machine); installs wrk (Debian package) when
missing and run as root. Targets 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_wrk() -> None:
    """wrk is a Debian package: installed here when missing and we may (root, apt-get)."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk (Debian package, one time)", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: sudo apt-get install wrk")


def parse_wrk(output: str) -> dict[str, float]:
    def ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": float(non2xx.group(1)) if non2xx else 0}


def cpu_by_process() -> dict[str, float]:
    """CPU seconds used so far by the processes of each kind on this machine (Linux /proc):
    the server's workers, PostgreSQL and Redis; and by this script's ended children, that is
    the wrk runs (and the set-up's commands, before the first run)."""
    tick = os.sysconf("SC_CLK_TCK")
    kinds = {"gunicorn": "server", "postgres": "database", "redis-server": "redis"}
    used = dict.fromkeys(kinds.values(), 0.0)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has ended
    used["wrk"] = children.ru_utime + children.ru_stime
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")[:2]
        except OSError:
            continue  # the process ended
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        kind = kinds.get(name) or next(
            (k for n, k in kinds.items() for a in argv if a.endswith("/" + n)), None
        )
        if kind is not None:
            used[kind] += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return used


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker; 1 runs sync workers"
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/lantern_learn_bench"
    )
    args = parser.parse_args()
    ensure_wrk()
    env = dict(
        os.environ,
        DATABASE_URL=args.database_url,
        LANTERN_ENV="test",
        STATIC_NO_MANIFEST="1",
        SECURE_COOKIES="false",
        DJANGO_SETTINGS_MODULE="bench.learning_settings",
        TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        # Production runs with Redis (cache and rate limits); so does this benchmark.
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        CACHE_KEY_PREFIX=f"lantern-bench-{os.getpid()}",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    dbname = args.database_url.rsplit("/", 1)[1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], capture_output=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env
    )

    import django

    django.setup()
    from django.test import Client

    from lantern.learning import services
    from lantern.learning.models import Enrolment
    from tests.helpers import PASSWORD, make_org, make_user
    from tests.learning.factories import check_done

    course = services.course_import(folder=services.courses_dir() / "awareness")
    spec = services.course_spec(course)
    from lantern.accounts.models import Organisation, User

    org = Organisation.objects.filter(name="Bench NHS Trust").first() or make_org(
        "Bench NHS Trust", org_type="health"
    )
    user = User.objects.filter(email="bench-learner@example.test").first() or make_user(
        "learner", org=org, email="bench-learner@example.test"
    )
    enrolment = services.enrolment_start(user=user, course=course)
    if services.check_start(enrolment=enrolment, kind="pre").submitted_at is None:
        check_done(enrolment, "pre")
    assert Enrolment.objects.filter(user=user).exists()
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    session = client.cookies["lantern_session"].value
    unit = spec.units["what-it-is.check"]
    page = client.get(f"/learning/awareness/unit/{unit.id}/?again=1").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    csrf_cookie = client.cookies["lantern_csrftoken"].value
    body = "&".join(
        [f"csrfmiddlewaretoken={token}"]
        + [f"q_{i}={o}" for i in unit.items for o in spec.bank[i].correct_ids]
    )
    cookie = f"lantern_session={session}; lantern_csrftoken={csrf_cookie}"

    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="lantern-bench-"))
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "lantern.config.wsgi:application",
            "--workers",
            "2",
            *(["--threads", str(args.threads)] if args.threads > 1 else []),
            "--bind",
            f"127.0.0.1:{port}",
            "--control-socket",
            str(tmp / "gunicorn.ctl"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/bare/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        lua = tmp / "post.lua"
        lua.write_text(
            'wrk.method = "POST"\n'
            f'wrk.body = "{body}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            f'wrk.headers["Cookie"] = "{cookie}"\n'
            f'wrk.headers["Referer"] = "{base}/learning/awareness/unit/{unit.id}/"\n'
        )
        lesson = "/learning/awareness/unit/what-it-is.law/"
        targets = [
            ("bare template view", ["/bench/bare/"], []),
            ("bare view, signed in", ["/bench/bare/"], ["-H", f"Cookie: {cookie}"]),
            ("lesson page (GET)", [lesson], ["-H", f"Cookie: {cookie}"]),
            ("bare write, signed in", ["/bench/write/"], ["-s", str(lua)]),
            (
                "answer submission (POST)",
                [f"/learning/awareness/unit/{unit.id}/"],
                ["-s", str(lua)],
            ),
        ]
        # Rounds interleave the targets, so that a slow moment of a shared machine falls on
        # all of them; each figure reported is the median over the rounds.
        runs: dict[tuple[int, str], list[dict[str, float]]] = {}
        for round_no in range(1, args.rounds + 1):
            for connections in (16, 64):
                for name, (path,), extra in targets:
                    before = cpu_by_process()
                    out = subprocess.run(
                        ["wrk", "-t2", f"-c{connections}", f"-d{args.seconds}s", "--latency",
                         *extra, base + path],
                        capture_output=True, text=True, check=True,
                    ).stdout  # fmt: skip
                    r = parse_wrk(out)
                    after = cpu_by_process()
                    requests = r["rps"] * args.seconds
                    for kind in after:  # CPU ms per request, by kind of process
                        r[f"cpu_{kind}"] = (after[kind] - before[kind]) * 1000 / requests
                    runs.setdefault((connections, name), []).append(r)
                    print(
                        f"round {round_no} c={connections:<3} {name:<26} {r['rps']:8.1f} req/s"
                        f"  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms"
                        f"  non-2xx/3xx {int(r['errors'])}",
                        flush=True,
                    )
        median = {
            key: {m: statistics.median(r[m] for r in rs) for m in rs[0]} for key, rs in runs.items()
        }
        print(f"\nMedians over {args.rounds} round(s) of {args.seconds} s:")
        for (connections, name), r in median.items():
            print(
                f"c={connections:<3} {name:<26} {r['rps']:8.1f} req/s  p50 {r['p50']:7.1f} ms"
                f"  p99 {r['p99']:7.1f} ms"
            )
        print("\nCPU ms per request (medians), by process: server, database, redis, wrk")
        for (connections, name), r in median.items():
            print(
                f"c={connections:<3} {name:<26} server {r['cpu_server']:5.2f}"
                f"  database {r['cpu_database']:5.2f}  redis {r['cpu_redis']:5.2f}"
                f"  wrk {r['cpu_wrk']:5.2f}"
            )
        for connections in (16, 64):
            bare = median[(connections, "bare template view")]
            signed = median[(connections, "bare view, signed in")]
            write = median[(connections, "bare write, signed in")]
            for (c, name), r in median.items():
                if c == connections and not name.startswith("bare"):
                    print(
                        f"c={connections}: {name} / bare = {r['rps'] / bare['rps']:.2f}x, "
                        f"/ bare signed in = {r['rps'] / signed['rps']:.2f}x, "
                        f"/ bare write = {r['rps'] / write['rps']:.2f}x"
                    )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
