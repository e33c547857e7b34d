"""PGQueuer peer of scripts/bench-queue's drain (run by it, in a throwaway venv).

Same server, same table, same work per job: N jobs enqueued in one statement, each inserting one
article-sized row into generated_articles (the row bench-queue's own run wrote first, with a fresh
slug). PGQueuer dispatches on its own connection; the inserts use a pool of CONCURRENCY connections.
Prints the rate from the first job's start to the last job's end, as bench-queue does for ours.

    python bench-queue-pgqueuer.py JOBS CONCURRENCY
"""

import asyncio
import os
import sys
import time

import asyncpg
from pgqueuer import AsyncpgDriver, Queries, QueueManager
from pgqueuer.domain.types import QueueExecutionMode

INSERT = """
    INSERT INTO generated_articles (site_id, campaign_id, title, content, slug, schema_json, status,
                                    is_published, date_created, date_updated)
    SELECT site_id, campaign_id, title, content, 'pgqueuer-' || $1::text, schema_json, status,
           is_published, now(), now()
    FROM generated_articles WHERE id = $2
"""


async def main(jobs: int, concurrency: int) -> None:
    dsn = os.environ["DATABASE_URL"]
    connection = await asyncpg.connect(dsn)
    queries = Queries(AsyncpgDriver(connection))
    await queries.install()
    template = await connection.fetchval(
        "SELECT id FROM generated_articles ORDER BY length(content) DESC, id LIMIT 1")
    if template is None:
        sys.exit("bench-queue-pgqueuer: no article to copy; run our drain first")
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency)

    await queries.enqueue(["article"] * jobs, [str(n).encode() for n in range(jobs)], [0] * jobs)

    manager = QueueManager(queries)
    times: list[float] = []

    @manager.entrypoint("article")
    async def article(job) -> None:
        started = time.monotonic()
        async with pool.acquire() as insert:
            await insert.execute(INSERT, job.payload.decode(), template)
        times.append(started)
        times.append(time.monotonic())

    await manager.run(mode=QueueExecutionMode.drain, dequeue_timeout=__import__("datetime").timedelta(seconds=1))
    inserted = await connection.fetchval("SELECT count(*) FROM generated_articles WHERE slug LIKE 'pgqueuer-%'")
    seconds = max(times) - min(times)
    print(f"pgqueuer: {inserted} of {jobs} jobs done in {seconds:.3f} s: {inserted / seconds:.0f} jobs/s")
    await pool.close()
    await connection.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
