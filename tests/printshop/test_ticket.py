import json

from fichegen.printshop.ticket import Job, finished_size, job_from_json, job_json, readme_txt, suggested_stock

SHA = "3f" * 32
IDS = ("inleiding", "participatie", "vertrouwensrelatie", "op-maat-en-op-tempo-werken",
       "positieve-krachtenbenadering", "de-integrale-benadering", "rechtenbenadering",
       "referentiekader", "actief-luisteren", "partners")


def make_job(**changes) -> Job:
    values = dict(
        deck="Generalistisch Werkt", deck_slug="generalistisch-werkt", template="uantwerpen",
        organisation="Universiteit Antwerpen", cards=10, pages=20, trim_mm=(148.0, 210.0), bleed_mm=3.0,
        marks=True, colour="CMYK process; crop marks in registration (Separation All)",
        standard="PDF/X-1a:2003, output intent FOGRA39 (Coated FOGRA39)",
        page_order="front then back per card: F1 B1 F2 B2 …", print_file="generalistisch-werkt-print.pdf",
        sha256=SHA, stock=suggested_stock((148.0, 210.0)), finishing="cut to trim; no folding",
        fichegen_version="0.1.0", card_ids=IDS)
    values.update(changes)
    return Job(**values)


def test_json_round_trips_with_exact_values():
    job = make_job()
    data = job_json(job)
    assert data.endswith(b"}\n") and data == job_json(make_job())
    raw = json.loads(data.decode("utf-8"))
    assert list(raw) == ["deck", "deck_slug", "template", "organisation", "cards", "pages", "trim_mm", "bleed_mm",
                         "marks", "colour", "standard", "page_order", "print_file", "sha256", "stock", "finishing",
                         "fichegen_version", "card_ids", "profile", "language"]
    assert raw["trim_mm"] == [148.0, 210.0] and raw["bleed_mm"] == 3.0 and raw["marks"] is True
    assert raw["cards"] == 10 and raw["pages"] == 20 and raw["sha256"] == SHA
    assert raw["card_ids"] == list(IDS)
    assert raw["page_order"] == "front then back per card: F1 B1 F2 B2 …"
    assert "…".encode() in data and "g/m²".encode() in data  # ensure_ascii=False
    assert '\n  "deck": "Generalistisch Werkt",\n' in data.decode()  # indent=2
    assert job_from_json(data) == job


def test_sizes_from_points_are_rounded():
    mm = 72 / 25.4
    job = make_job(trim_mm=(148 * mm / mm * (1 + 1e-15), 210 * mm / mm), bleed_mm=8.50393 / mm)
    assert job.trim_mm == (148.0, 210.0) and job.bleed_mm == 3.0


def test_readme_lines():
    text = readme_txt(make_job()).decode("utf-8")
    lines = text.splitlines()
    assert lines[0] == "Print job: Generalistisch Werkt"
    assert "Finished size:  148 × 210 mm (A5)" in lines
    assert "Bleed:          3 mm on every side" in lines
    assert "Pages:          20 (10 cards, double-sided)" in lines
    assert f"SHA-256:        {SHA}" in lines
    assert "Print file:     generalistisch-werkt-print.pdf" in lines
    assert "Template:       uantwerpen, for Universiteit Antwerpen" in lines
    assert "Finishing:      cut to trim; no folding" in lines
    assert "  Linux:    sha256sum generalistisch-werkt-print.pdf" in lines
    assert "  Windows:  certutil -hashfile generalistisch-werkt-print.pdf SHA256" in lines
    assert " 1. inleiding (pages 1–2)" in lines
    assert "10. partners (pages 19–20)" in lines
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert readme_txt(make_job()) == readme_txt(make_job())


def test_readme_wraps_long_values_under_the_value_column():
    long = "CMYK process; " + "a very long colour description " * 6 + "end"
    lines = readme_txt(make_job(colour=long)).decode("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Colour:"))
    assert lines[start + 1].startswith(" " * 16) and lines[start + 1][16] != " "
    assert all(len(line) <= 80 for line in lines)


def test_readme_other_shapes():
    text = readme_txt(make_job(cards=1, pages=2, card_ids=("solo",), bleed_mm=0, marks=False, organisation="",
                               print_file="my deck.pdf")).decode()
    assert "Pages:          2 (1 card, double-sided)" in text
    assert "Template:       uantwerpen\n" in text
    assert "Bleed:          none" in text
    assert 'sha256sum "my deck.pdf"' in text
    assert "1. solo (pages 1–2)" in text


def test_finished_size_and_stock():
    assert finished_size((148, 210)) == "148 × 210 mm (A5)"
    assert finished_size((210, 148)) == "210 × 148 mm (A5 landscape)"
    assert finished_size((105, 148)) == "105 × 148 mm (A6)"
    assert finished_size((120.5, 170)) == "120.5 × 170 mm"
    assert suggested_stock((148, 210)).startswith("350 g/m²")
    assert suggested_stock((105, 148)).startswith("300 g/m²")
    assert suggested_stock((210, 297)).startswith("400 g/m²")


def test_long_title_is_wrapped():
    lines = readme_txt(make_job(deck="Een heel lange titel " * 6)).decode().splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[2].startswith("===")
