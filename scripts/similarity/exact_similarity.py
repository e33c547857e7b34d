#!/usr/bin/env python3
"""Independent exact near-duplicate measurement of one job's articles, for scripts/bench-similarity.

Reads CSV rows (job_seq, content, mask terms joined by '|') from stdin, as written by
`psql -c "COPY (...) TO STDOUT (FORMAT csv)"`, and measures every pair exactly: word 5-shingles of the body
(tags stripped, HTML entities decoded, lowercased, words = runs of letters and digits), each
article's own place and persona names replaced by one placeholder word. Prints:

    exact: articles N, shingles S, max X, mean_nearest_earlier Y, mean_nearest_any Z, p95_nearest_earlier W

where an article's nearest is its highest Jaccard with any earlier article (job_seq order, what the
product reports) or with any other article. It shares no code with the product: Python's re and
html modules, and the pairwise intersections come from a float32 matrix product (counts are
exact far below 2^24).
"""
import csv
import html
import re
import sys

import numpy as np

TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"[^\W_]+")
PLACEHOLDER = "\x00place"


def words(text):
    return WORD.findall(html.unescape(TAG.sub(" ", text)).lower())


def masked(tokens, terms):
    seqs = sorted({tuple(words(t)) for t in terms if words(t)}, key=len, reverse=True)
    out, i = [], 0
    while i < len(tokens):
        for seq in seqs:
            if tuple(tokens[i:i + len(seq)]) == seq:
                out.append(PLACEHOLDER)
                i += len(seq)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def shingles(tokens, width=5):
    if len(tokens) < width:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + width]) for i in range(len(tokens) - width + 1)}


def main():
    csv.field_size_limit(sys.maxsize)
    rows = []
    for seq, content, terms in csv.reader(sys.stdin):
        rows.append((int(seq), content, [t for t in terms.split("|") if t]))
    rows.sort()
    vocabulary = {}
    sets = []
    for _, content, terms in rows:
        ids = {vocabulary.setdefault(s, len(vocabulary)) for s in shingles(masked(words(content), terms))}
        sets.append(ids)
    n, s = len(sets), len(vocabulary)
    matrix = np.zeros((n, s), dtype=np.float32)
    for i, ids in enumerate(sets):
        matrix[i, list(ids)] = 1
    sizes = matrix.sum(axis=1)
    pair_sample = []
    nearest_earlier = np.zeros(n)
    nearest_any = np.zeros(n)
    block = 512
    for start in range(0, n, block):
        stop = min(start + block, n)
        shared = matrix[start:stop] @ matrix.T
        union = sizes[start:stop, None] + sizes[None, :] - shared
        jaccard = np.where(union > 0, shared / np.maximum(union, 1), 0)
        for row in range(stop - start):
            i = start + row
            jaccard[row, i] = 0
            nearest_any[i] = jaccard[row].max() if n > 1 else 0
            nearest_earlier[i] = jaccard[row, :i].max() if i > 0 else 0
            if i % 50 == 0 and i > 0:
                pair_sample.append(jaccard[row, :i])
    print("exact: articles %d, shingles %d, max %.3f, mean_nearest_earlier %.3f, mean_nearest_any %.3f, p95_nearest_earlier %.3f"
          % (n, s, nearest_any.max() if n > 1 else 0, nearest_earlier.mean(), nearest_any.mean(),
             np.percentile(nearest_earlier, 95)))
    if pair_sample:
        pairs = np.concatenate(pair_sample)
        print("exact pairs (sampled %d): median %.3f, p99 %.3f, p99.9 %.3f, share >= 0.3: %.4f, >= 0.4: %.5f"
              % (len(pairs), np.median(pairs), np.percentile(pairs, 99), np.percentile(pairs, 99.9),
                 (pairs >= 0.3).mean(), (pairs >= 0.4).mean()))


if __name__ == "__main__":
    main()
