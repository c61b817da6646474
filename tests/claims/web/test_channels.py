"""Every way an article comes in (paste, upload, JSON Lines import) and what bad input gets back."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from claims import services
from claims.models import Article, Claim

HTML = b"""<html><head><title>Site | Prices</title><style>p{color:red}</style><script>document.write('x')</script></head>
<body><nav>Home Login</nav><h1>Prices climb again</h1><p>Inflation reached 7.1% in June, the highest rate since 1992,
the statistics office said.</p><p>Rents rose 9% over the year.</p><footer>Subscribe to our newsletter</footer></body></html>"""


@pytest.fixture
def logged_in(client, fact_checker):
    client.force_login(fact_checker)
    return client


def test_uploaded_html_file_is_cleaned_and_scripts_never_stored(logged_in, embedded_backend):
    upload = SimpleUploadedFile("prices.html", HTML, content_type="text/html")
    response = logged_in.post(reverse("claims:article_new"), {"upload": upload}, follow=True)
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.title == "Prices climb again"
    assert (
        "document.write" not in article.text
        and "color:red" not in article.text
        and "newsletter" not in article.text
    )
    assert any("7.1%" in c.text for c in Claim.objects.all())


def test_uploaded_markdown_and_text_files(logged_in, embedded_backend):
    for name in ("a.md", "b.txt"):
        text = f"# Report {name}\n\nExports rose {len(name)}2% to $4.5 billion in March, the trade ministry said on Tuesday."
        logged_in.post(reverse("claims:article_new"), {"upload": SimpleUploadedFile(name, text.encode())})
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    "name, content, message",
    [("x.png", b"\x89PNG\r\n", b"Upload a .txt"), ("x.txt", b"\x00\x01\x02\x03" * 10, b"binary")],
)
def test_bad_uploads_get_a_clear_error(logged_in, db, name, content, message):
    response = logged_in.post(reverse("claims:article_new"), {"upload": SimpleUploadedFile(name, content)})
    assert message in response.content
    assert not Article.objects.exists()


def test_non_english_article_is_detected_stored_and_flagged(logged_in, embedded_backend, fact_checker):
    text = (
        "Le chômage en France\n\nLe taux de chômage a baissé à 7,1 % au premier trimestre 2023, selon l'Insee. "
        "Le gouvernement prévoit une baisse supplémentaire l'année prochaine."
    )
    result = services.article_ingest(text=text, submitted_by=fact_checker)
    assert result.article.language == "fr"
    page = logged_in.get(reverse("claims:article", args=[result.article.id]))
    assert b"not English" in page.content


def test_import_articles_reports_created_duplicates_and_failures(
    embedded_backend, fact_checker, tmp_path, capsys
):
    path = tmp_path / "articles.jsonl"
    rows = [
        {
            "title": "Jobs",
            "text": "Jobs\n\nUnemployment fell to 3.5% in March, the labour minister said on Friday.",
        },
        {
            "title": "Jobs",
            "text": "Jobs\n\nUnemployment fell to 3.5% in March, the labour minister said on Friday.",
        },
        {"title": "Empty", "text": "   "},
        {"url": "http://10.0.0.7/internal"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    call_command("import_articles", str(path), "--user", fact_checker.username)
    out = capsys.readouterr().out
    assert "created 1 articles" in out and "duplicates 1" in out and "failed 3" in out
    assert "private network" in out and "line 5" in out
    assert Article.objects.count() == 1
