"""Checks generated article bodies with a real HTML5 parser (html5lib, strict: any parse error fails).

stdin: {"targets": [{"url": ..., "keyword": ...}], "articles": [{"seq": n, "content": html}]}
stdout: {"errors": [text], "articles": [{"seq": n, "links": [url], "texts": [text], "eligible": [url]}]}

A link is an <a> whose href (as the parser decodes it) is a target URL. "eligible" lists the targets
whose keyword occurs as a whole word (case-insensitive) in body text outside headings, titles,
scripts, styles and foreign links, counting the text of the target links themselves.
"""
import json
import re
import sys

import html5lib

CLOSED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "title", "script", "style", "button", "label",
          "select", "option", "textarea", "code", "pre"}


def main():
    request = json.load(sys.stdin)
    targets = request["targets"]
    urls = {t["url"] for t in targets}
    patterns = [(t["url"], re.compile(r"(?<!\w)" + re.escape(t["keyword"]) + r"(?!\w)", re.IGNORECASE)) for t in targets]
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), strict=True, namespaceHTMLElements=False)
    errors, results = [], []
    for article in request["articles"]:
        seq = article["seq"]
        try:
            fragment = parser.parseFragment(article["content"])
        except Exception as error:  # html5lib.html5parser.ParseError
            errors.append(f"article {seq}: not well-formed: {error}")
            continue
        links, texts, text_parts = [], [], []

        def walk(element, closed):
            tag = element.tag if isinstance(element.tag, str) else ""
            is_link = tag == "a" and element.get("href") in urls
            if is_link:
                if closed:
                    errors.append(f"article {seq}: link {element.get('href')!r} inside <{closed[-1]}>")
                links.append(element.get("href"))
                texts.append("".join(element.itertext()))
            inner = closed if is_link else (closed + [tag] if tag in CLOSED else closed)
            if element.text and not inner:
                text_parts.append(element.text)
            for child in element:
                walk(child, inner)
                if child.tail and not inner:
                    text_parts.append(child.tail)

        walk(fragment, [])
        text = " ".join(text_parts)
        eligible = [url for url, pattern in patterns if pattern.search(text)]
        results.append({"seq": seq, "links": links, "texts": texts, "eligible": eligible})
    json.dump({"errors": errors, "articles": results}, sys.stdout)


main()
