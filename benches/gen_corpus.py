#!/usr/bin/env python3
"""Generate a deterministic benchmark corpus for candor (and optionally Hugo).

The corpus is N articles of roughly 800 words of plain English prose each.
Every article has:

* YAML front matter with ``title``, ``description``, ``date`` (YYYY-MM-DD)
  and ``tags`` (2-3 tags out of a pool of 50);
* 4-6 ``##`` headings, one of which may carry a ``###`` sub-heading;
* one bullet list;
* one link to another article, ``[see also](other-slug.md)``;
* in one article out of ten, a fenced ``rust`` or ``python`` code block of
  about eight lines.

Usage::

    gen_corpus.py --n 1000 --out SITE_DIR [--hugo-out HUGO_SITE_DIR] [--seed 42]

``--out`` receives a candor site (``candor.yaml`` plus ``content/``).
With ``--starter`` the folder already holds a site made by ``candor new
site``: its settings, theme, therapist directory and intake form are kept,
and the articles are added to its ``content/articles/``.
``--translations K`` makes it a site in English and Spanish, with a Spanish
translation (``SLUG.es.md``) of the first K articles; the other articles
are shown untranslated in the Spanish site, as candor does.
``--hugo-out`` receives the same articles as a Hugo site with minimal
layouts that do comparable work: markdown, syntax highlighting, a table of
contents on each article, paginated lists (10 per page), a ``tags``
taxonomy, sitemap and RSS.  The only difference in the article bodies is
the cross-article link, which Hugo gets as a plain ``/articles/SLUG/`` URL.

The same seed and N always give byte-identical output.  Only the Python 3
standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

TARGET_WORDS = 800

# --- vocabulary -------------------------------------------------------------

NOUNS = """
account answer area article author balance branch bridge budget build cache
card change channel chapter choice circle city claim cloud code column
comment company context corner country course crowd cycle data day decision
design detail device diagram difference direction distance document door
draft edge effect engine error event evidence example factor feature field
figure file flow focus folder form frame function garden gate goal group
guide habit hand harbor header history hour idea image index input island
issue item journey key kitchen lake language layer lesson letter level
library light limit line link list machine map margin market measure memory
message method minute model moment morning mountain name network night
node note number object office option order origin output page paper part
path pattern period picture piece place plan platform point policy pool
position process product program project question queue range reader reason
record region report request result review river road room route rule
sample scale schedule screen search season section sentence server service
session shape signal site source space stage standard step story stream
street structure style summary surface system table task team template term
test text theme thread time title tool topic track tree trend type unit
update user value version view village voice volume wave week window word
work world writer year
""".split()

ADJECTIVES = """
able active actual ancient basic brief bright broad busy calm careful central
cheap clean clear close common complete complex constant cool correct
curious current dark deep direct distant early easy empty entire equal exact
fair familiar famous fast final fine firm flat fresh full gentle global good
great green heavy hidden high honest huge important initial inner key large
late light likely little local long loud low main major manual minor modern
narrow natural nearby neat new next nice normal obvious odd old open ordinary
original other outer plain pleasant popular possible practical precise
private proper public quick quiet rapid rare ready real recent regular
related remote rich rough round safe second secure separate serious sharp
short silent simple single slow small smooth soft solid special stable
steady strange strict strong sudden sure sweet tall thin tiny total tough
typical usual useful valid various vast visible warm weak whole wide wild
wise young
""".split()

VERBS = """
accepts adds adjusts allows answers arranges asks avoids begins brings builds
carries catches changes checks chooses collects compares completes connects
contains counts covers creates defines delivers describes divides draws
drives explains extends fills finds fixes follows gathers gives guides
handles holds improves includes keeps leads leaves lifts limits links lists
loads marks matches measures meets moves names needs notes offers opens
orders organizes passes places prepares presents produces protects provides
reaches reads receives records reduces removes renders repeats replaces
reports requires returns reveals sends serves sets shapes shares shows
sorts splits starts stores supports takes teaches tests tracks turns uses
visits watches writes
""".split()

ADVERBS = """
again almost already always carefully clearly closely easily early eventually
finally first gently gradually hardly later likely mostly nearly never now
often only perhaps quickly quietly rarely really simply slowly sometimes soon
still usually well
""".split()

PREPOSITIONS = """
about above across after against along among around before behind below
beside between beyond by during for from inside into near of over past
through toward under with within without
""".split()

DETERMINERS = "the the the a a this that each every one another some no".split()

CONNECTORS = """
However, Meanwhile, Later, Still, Instead, Afterwards, Often, Sometimes,
Usually, Eventually, Naturally, In_practice, In_general, For_example,
At_first, By_contrast, As_a_rule, On_balance,
""".replace("_", " ").split(",")
CONNECTORS = [c.strip() + "," for c in CONNECTORS if c.strip()]

TAG_POOL = """
algorithms architecture automation backend caching cli cloud compilers
concurrency containers databases debugging deployment design devops
documentation embedded frontend functional games graphics hardware
history interviews linux machine-learning markdown memory networking
open-source optimization parsing performance productivity profiling
programming python release-notes rust scaling security servers static-sites
storage teaching templates testing tooling tutorials typography web writing
""".split()

# --- data model ---------------------------------------------------------------


@dataclass
class Section:
    """One ``##`` section (optionally with one ``###`` sub-section)."""

    heading: str
    paragraphs: list[str]
    sub_heading: str | None = None
    sub_paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    code: tuple[str, str] | None = None  # (language, source)


@dataclass
class Article:
    """One generated article, renderable for candor or for Hugo."""

    index: int
    slug: str
    title: str
    description: str
    date: str
    tags: list[str]
    intro: list[str]
    sections: list[Section]
    link_target: str = ""
    link_section: int = 0
    link_paragraph: int = 0


# --- prose --------------------------------------------------------------------


def noun_phrase(rng: random.Random) -> str:
    """Return a determiner, an optional adjective and a noun."""
    words = [rng.choice(DETERMINERS)]
    if rng.random() < 0.6:
        words.append(rng.choice(ADJECTIVES))
    words.append(rng.choice(NOUNS))
    if words[0] == "a" and words[1][0] in "aeiou":
        words[0] = "an"
    return " ".join(words)


def sentence(rng: random.Random) -> str:
    """Return one sentence of grammatical-looking, meaningless English."""
    parts: list[str] = []
    if rng.random() < 0.2:
        parts.append(rng.choice(CONNECTORS))
    parts.append(noun_phrase(rng))
    if rng.random() < 0.3:
        parts.append(rng.choice(ADVERBS))
    parts.append(rng.choice(VERBS))
    parts.append(noun_phrase(rng))
    for _ in range(rng.choice((0, 1, 1, 2))):
        parts.append(rng.choice(PREPOSITIONS))
        parts.append(noun_phrase(rng))
    if rng.random() < 0.25:
        parts[-1] += ","
        parts.append(rng.choice(("and", "but", "while", "because", "so")))
        parts.append(noun_phrase(rng))
        parts.append(rng.choice(VERBS))
        parts.append(noun_phrase(rng))
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def emphasize(rng: random.Random, text: str) -> str:
    """Wrap one inner word of ``text`` in *emphasis*, **strong** or `code`."""
    words = text.split(" ")
    if len(words) < 4:
        return text
    i = rng.randrange(1, len(words) - 1)
    if not words[i].isalpha():
        return text
    style = rng.choice(("*", "**", "`"))
    words[i] = f"{style}{words[i]}{style}"
    return " ".join(words)


def paragraph(rng: random.Random) -> str:
    """Return a paragraph of 3-6 sentences, sometimes with inline markup."""
    text = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
    if rng.random() < 0.5:
        text = emphasize(rng, text)
    return text


def words_in(text: str) -> int:
    """Count whitespace-separated words."""
    return len(text.split())


SMALL_WORDS = {"and", "of", "for", "in", "without"}


def title_case(words: list[str]) -> str:
    """Capitalise a title's words, except inner small words like 'of'."""
    return " ".join(w if i and w in SMALL_WORDS else w[0].upper() + w[1:]
                    for i, w in enumerate(words))


def heading(rng: random.Random) -> str:
    """Return a short heading such as 'Quiet River Models'."""
    words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.5:
        words += [rng.choice(("and", "of", "for", "in")), rng.choice(NOUNS)]
    return title_case(words)


def bullet_list(rng: random.Random) -> list[str]:
    """Return 3-5 short bullet items."""
    items = []
    for _ in range(rng.randint(3, 5)):
        item = f"{noun_phrase(rng)} {rng.choice(VERBS)} {noun_phrase(rng)}"
        items.append(item[0].upper() + item[1:])
    return items


def code_block(rng: random.Random, index: int) -> tuple[str, str]:
    """Return (language, ~8 lines of source), alternating rust and python."""
    a, b = rng.sample(NOUNS, 2)
    n = rng.randint(2, 9)
    if (index // 10) % 2 == 0:
        src = f"""fn count_{a}(items: &[u32]) -> u32 {{
    let mut total = 0;
    for item in items {{
        if item % {n} == 0 {{
            total += item;
        }}
    }}
    total
}}"""
        return "rust", src
    src = f'''def count_{a}(items):
    """Sum the {b} values divisible by {n}."""
    total = 0
    for item in items:
        if item % {n} == 0:
            total += item
    return total


print(count_{a}(range(100)))'''
    return "python", src


# --- articles -------------------------------------------------------------------


def make_article(rng: random.Random, index: int, start: dt.date) -> Article:
    """Build one article (except its link target) from ``rng``."""
    title_words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
    if rng.random() < 0.6:
        title_words += [rng.choice(("and", "of", "for", "in", "without")),
                        rng.choice(NOUNS)]
    title = title_case(title_words)
    slug = "-".join(title_words).lower() + f"-{index:05d}"
    description = sentence(rng)
    date = (start + dt.timedelta(days=index % 3000)).isoformat()
    tags = sorted(rng.sample(TAG_POOL, rng.randint(2, 3)))

    n_sections = rng.randint(4, 6)
    bullet_at = rng.randrange(n_sections)
    sub_at = rng.randrange(n_sections) if rng.random() < 0.5 else -1
    code_at = rng.randrange(n_sections) if index % 10 == 0 else -1

    intro = [paragraph(rng)]
    sections: list[Section] = []
    seen_headings = {title}
    for s in range(n_sections):
        h = heading(rng)
        while h in seen_headings:
            h = heading(rng)
        seen_headings.add(h)
        sec = Section(heading=h, paragraphs=[paragraph(rng)])
        if s == bullet_at:
            sec.bullets = bullet_list(rng)
        if s == sub_at:
            sh = heading(rng)
            while sh in seen_headings:
                sh = heading(rng)
            seen_headings.add(sh)
            sec.sub_heading = sh
            sec.sub_paragraphs = [paragraph(rng)]
        if s == code_at:
            sec.code = code_block(rng, index)
        sections.append(sec)

    article = Article(index, slug, title, description, date, tags, intro,
                      sections)
    # Top up prose, round-robin over sections, until ~TARGET_WORDS words.
    # The link sentence adds four words, so stop a little short.
    s = 0
    while prose_words(article) < TARGET_WORDS - 30:
        article.sections[s % n_sections].paragraphs.append(paragraph(rng))
        s += 1
    article.link_section = rng.randrange(n_sections)
    article.link_paragraph = rng.randrange(
        len(article.sections[article.link_section].paragraphs))
    return article


def prose_words(article: Article) -> int:
    """Words of prose, headings and bullets (not front matter or code)."""
    total = sum(words_in(p) for p in article.intro)
    for sec in article.sections:
        total += words_in(sec.heading) + sum(words_in(p) for p in sec.paragraphs)
        total += sum(words_in(b) for b in sec.bullets)
        if sec.sub_heading:
            total += words_in(sec.sub_heading)
            total += sum(words_in(p) for p in sec.sub_paragraphs)
    return total


def make_corpus(n: int, seed: int) -> list[Article]:
    """Build ``n`` articles; each links to a different, existing article."""
    rng = random.Random(seed)
    start = dt.date(2016, 1, 1)
    articles = [make_article(rng, i, start) for i in range(n)]
    for art in articles:
        if n == 1:
            art.link_target = art.slug
            continue
        other = rng.randrange(n - 1)
        if other >= art.index:
            other += 1
        art.link_target = articles[other].slug
    return articles


# --- rendering --------------------------------------------------------------


def yaml_str(text: str) -> str:
    """Quote a string for YAML (our text never holds quotes or backslashes)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(article: Article) -> str:
    """Return the YAML front matter block, delimiters included."""
    lines = [
        "---",
        f"title: {yaml_str(article.title)}",
        f"description: {yaml_str(article.description)}",
        f"date: {article.date}",
        "tags:",
        *[f"  - {t}" for t in article.tags],
        "---",
    ]
    return "\n".join(lines) + "\n"


def render_article(article: Article, link_url: str) -> str:
    """Render one article as markdown, linking to ``link_url``."""
    out = [front_matter(article)]
    out.extend(p + "\n" for p in article.intro)
    for si, sec in enumerate(article.sections):
        out.append(f"## {sec.heading}\n")
        for pi, para in enumerate(sec.paragraphs):
            if si == article.link_section and pi == article.link_paragraph:
                para += f" The [see also]({link_url}) page covers more."
            out.append(para + "\n")
        if sec.bullets:
            out.append("\n".join(f"- {b}" for b in sec.bullets) + "\n")
        if sec.code:
            lang, src = sec.code
            out.append(f"```{lang}\n{src}\n```\n")
        if sec.sub_heading:
            out.append(f"### {sec.sub_heading}\n")
            out.extend(p + "\n" for p in sec.sub_paragraphs)
    return "\n".join(out)


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, creating parent folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


CANDOR_CONFIG = """\
title: "Benchmark corpus"
description: "Generated articles for timing builds"
base_url: "https://bench.example.org"
language: en
taxonomies:
  - name: tags
    title: Tags
"""

HOME_BODY = ("This site is a generated corpus used to time static-site "
             "builds. Its articles are meaningless but well-formed prose.\n")


SPANISH = """\
languages:
  - code: en
    name: English
  - code: es
    name: Español
"""


def write_candor_site(root: Path, articles: list[Article], translations: int = 0,
                      starter: bool = False) -> None:
    """Write a candor site: candor.yaml, content/_index.md, articles, and
    Spanish translations of the first ``translations`` articles. With
    ``starter``, keep the settings and pages of the ``candor new site``
    already in ``root`` and add the articles (and the second language)."""
    config = root / "candor.yaml"
    if starter:
        if not config.is_file():
            sys.exit(f"gen_corpus.py: --starter: no candor.yaml in {root} "
                     "(run `candor new site` there first)")
        if translations:
            with config.open("a", encoding="utf-8", newline="\n") as f:
                f.write("\n" + SPANISH)
    else:
        write(config, CANDOR_CONFIG + (SPANISH if translations else ""))
        write(root / "content" / "_index.md",
              '---\ntitle: "Benchmark corpus"\n---\n\n' + HOME_BODY)
        write(root / "content" / "articles" / "_index.md",
              "---\ntitle: Articles\nsort_by: date\n---\n\nAll articles.\n")
    for art in articles:
        write(root / "content" / "articles" / f"{art.slug}.md",
              render_article(art, f"{art.link_target}.md"))
    if translations:
        write(root / "content" / "_index.es.md",
              '---\ntitle: "Corpus de prueba"\n---\n\nArtículos generados.\n')
        write(root / "content" / "articles" / "_index.es.md",
              "---\ntitle: Artículos\nsort_by: date\n---\n\nTodos los artículos.\n")
    for art in articles[:translations]:
        # The same prose stands in for a translation: only the work counts.
        text = render_article(art, f"{art.link_target}.md")
        text = text.replace(f"title: {yaml_str(art.title)}",
                            f"title: {yaml_str('ES ' + art.title)}", 1)
        write(root / "content" / "articles" / f"{art.slug}.es.md", text)


HUGO_CONFIG = """\
baseURL = "https://bench.example.org/"
title = "Benchmark corpus"
defaultContentLanguage = "en"

[taxonomies]
  tag = "tags"

[pagination]
  pagerSize = 10

[markup.highlight]
  noClasses = false

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""

HUGO_BASEOF = """\
<!DOCTYPE html>
<html lang="{{ site.Language.Lang }}">
<head>
  <meta charset="utf-8">
  <title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
  {{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
  {{ range .AlternativeOutputFormats -}}
  <link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
  {{ end -}}
</head>
<body>
  <header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
  <main>
  {{ block "main" . }}{{ end }}
  </main>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}
<article>
  <h1>{{ .Title }}</h1>
  <p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>
  <nav class="toc">{{ .TableOfContents }}</nav>
  {{ .Content }}
  {{ with .GetTerms "tags" }}
  <ul class="tags">
    {{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}
  </ul>
  {{ end }}
</article>
{{ end }}
"""

HUGO_PAGE_LIST = """\
{{ $pager := .Paginator }}
<ul class="pages">
  {{ range $pager.Pages }}
  <li>
    <a href="{{ .RelPermalink }}">{{ .Title }}</a>
    <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time>
    {{ with .Description }}<p>{{ . }}</p>{{ end }}
  </li>
  {{ end }}
</ul>
<nav class="pager">
  {{ with $pager.Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}
  <span>Page {{ $pager.PageNumber }} of {{ $pager.TotalPages }}</span>
  {{ with $pager.Next }}<a href="{{ .URL }}">Older</a>{{ end }}
</nav>
"""

HUGO_LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
""" + HUGO_PAGE_LIST + "{{ end }}\n"

# The home page paginates site.RegularPages (all of which are articles).
# Filtering it with `where` here would be re-evaluated on each of the N/10
# pager pages, making Hugo's build quadratic in N and the comparison unfair.
HUGO_INDEX = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
{{ $pager := .Paginate site.RegularPages }}
""" + HUGO_PAGE_LIST.replace("{{ $pager := .Paginator }}\n", "") + "{{ end }}\n"


def write_hugo_site(root: Path, articles: list[Article]) -> None:
    """Write the same corpus as a Hugo site with minimal layouts."""
    write(root / "hugo.toml", HUGO_CONFIG)
    layouts = root / "layouts"
    write(layouts / "_default" / "baseof.html", HUGO_BASEOF)
    write(layouts / "_default" / "single.html", HUGO_SINGLE)
    write(layouts / "_default" / "list.html", HUGO_LIST)
    write(layouts / "index.html", HUGO_INDEX)
    write(root / "content" / "_index.md",
          '---\ntitle: "Benchmark corpus"\n---\n\n' + HOME_BODY)
    write(root / "content" / "articles" / "_index.md",
          "---\ntitle: Articles\n---\n\nAll articles.\n")
    for art in articles:
        write(root / "content" / "articles" / f"{art.slug}.md",
              render_article(art, f"/articles/{art.link_target}/"))


# --- command line ----------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Generate a deterministic candor (and Hugo) benchmark corpus.")
    parser.add_argument("--n", type=int, required=True,
                        help="number of articles")
    parser.add_argument("--out", type=Path, required=True,
                        help="directory for the candor site")
    parser.add_argument("--hugo-out", type=Path,
                        help="also write the same corpus as a Hugo site here")
    parser.add_argument("--seed", type=int, default=42,
                        help="random seed (default: 42)")
    parser.add_argument("--translations", type=int, default=0,
                        help="make the site bilingual, with Spanish translations "
                             "of this many articles (default: 0, English only)")
    parser.add_argument("--starter", action="store_true",
                        help="--out already holds a site made by `candor new site`: "
                             "keep its settings and pages and add the articles")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if not 0 <= args.translations <= args.n:
        parser.error("--translations must be between 0 and --n")
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    articles = make_corpus(args.n, args.seed)
    write_candor_site(args.out, articles, args.translations, args.starter)
    if args.hugo_out:
        write_hugo_site(args.hugo_out, articles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
