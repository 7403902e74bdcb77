"use strict";
// The page follows the server's state: the first from the page itself, then each update as a server-sent
// event. Cards are kept by id, and only a card whose pictures, number or names changed is touched.
(() => {
  const $ = (id) => document.getElementById(id);
  const grid = $("cards");
  const cards = new Map(); // card id → its element
  let shown = -1; // the version on the page

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const faceUrl = (name) => `/faces/${name}.png`;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function makeCard(c) {
    const card = el("article", "card");
    card.addEventListener("animationend", () => card.classList.remove("fresh"));
    const head = el("header", "card-head");
    const names = el("div", "names");
    names.append(el("p", "label"), el("h2", "title"));
    const handout = el("a", "handout", "Handout PDF");
    handout.setAttribute("download", "");
    head.append(el("span", "num"), names, el("code", "id"), handout);
    const faces = el("div", "faces");
    for (const side of ["front", "back"]) {
      const fig = el("figure", `face ${side}`);
      const link = el("a");
      link.target = "_blank";
      const img = el("img");
      img.loading = "lazy";
      img.decoding = "async";
      link.append(img);
      fig.append(link, el("figcaption", "", side === "front" ? "Front" : "Back"));
      faces.append(fig);
    }
    const note = el("p", "stale-note", "This card's file has a problem (see above): it shows its last good version.");
    note.hidden = true;
    card.append(head, faces, note);
    return card;
  }

  function nearView(e) {
    const r = e.getBoundingClientRect();
    return r.bottom > -innerHeight && r.top < 2 * innerHeight;
  }

  function setPicture(img, url, preload) {
    if (img.getAttribute("src") === url) return;
    if (!preload || !img.getAttribute("src")) { img.src = url; return; }
    // keep the old picture until the new one is ready, so the card never flashes empty
    const next = new Image();
    next.src = url;
    next.decode().catch(() => {}).then(() => { if (img.dataset.want === url) img.src = url; });
  }

  function fill(card, c, state) {
    const sig = JSON.stringify([c.number, c.label, c.title, c.front, c.back, c.stale]);
    if (card.dataset.sig === sig) return false;
    const pictures = `${c.front} ${c.back}`;
    const changed = card.dataset.pictures !== undefined && card.dataset.pictures !== pictures;
    card.dataset.sig = sig;
    card.dataset.pictures = pictures;
    card.id = `card-${c.id}`;
    card.dataset.id = c.id;
    card.classList.toggle("stale", c.stale);
    card.querySelector(".num").textContent = c.number;
    card.querySelector(".label").textContent = c.label;
    card.querySelector(".title").textContent = c.title;
    card.querySelector(".title").title = c.title;
    card.querySelector(".id").textContent = c.id;
    card.querySelector(".handout").href = `/pdf/handout/${c.id}.pdf`;
    card.querySelector(".handout").title = `Card ${c.number}'s front and back side by side on one A4`;
    card.querySelector(".stale-note").hidden = !c.stale;
    const near = changed && nearView(card);
    const [w, h] = state.trim;
    for (const side of ["front", "back"]) {
      const img = card.querySelector(`.${side} img`);
      const url = faceUrl(c[side]);
      img.alt = `Card ${c.number}, ${c.id}: ${c.title}, ${side}`;
      img.width = Math.round(w / 25.4 * 144);
      img.height = Math.round(h / 25.4 * 144);
      img.dataset.want = url;
      card.querySelector(`.${side} a`).href = url;
      setPicture(img, url, near);
    }
    if (changed) {
      card.classList.remove("fresh");
      void card.offsetWidth; // restart the animation
      card.classList.add("fresh");
    }
    return changed;
  }

  function status(state) {
    const box = $("status");
    box.classList.remove("live", "busy", "problem");
    if (!state.ready) { box.classList.add("busy"); $("status-text").textContent = "Rendering the cards…"; return; }
    const n = state.problems.length;
    box.classList.add(n ? "problem" : "live");
    $("status-text").textContent = n ? `${plural(n, "problem")}: waiting for the next save`
      : state.message || "Live: saving a file updates the page";
  }

  function render(state) {
    if (state.version <= shown) return;
    shown = state.version;
    const root = document.documentElement.style;
    root.setProperty("--trim-w", state.trim[0]);
    root.setProperty("--trim-h", state.trim[1]);
    document.title = `${state.title || "Deck"} · fichegen preview`;
    $("deck-title").textContent = state.title || "fichegen preview";
    $("deck-facts").textContent = state.ready
      ? `${plural(state.cards.length, "card")} · template ${state.template}` : "";

    const problems = state.problems;
    $("problems").hidden = !problems.length;
    $("problems-head").textContent = problems.length
      ? `${plural(problems.length, "problem")}${state.cards.length ? ": the cards below are the last good version" : ""}`
      : "";
    $("problem-lines").textContent = problems.join("\n");
    $("warnings").hidden = !state.warnings.length;
    $("warning-lines").textContent = state.warnings.join("\n");

    const empty = $("empty");
    empty.hidden = state.cards.length > 0;
    empty.textContent = !state.ready ? "Rendering the cards…"
      : problems.length ? "No cards to show yet: fix the problems above and save." : "The deck has no cards.";
    for (const id of ["build-pages", "build-sheets"]) $(id).setAttribute("aria-disabled", String(!state.ready || problems.length > 0));

    const seen = new Set();
    let before = null;
    for (const c of state.cards) {
      seen.add(c.id);
      let card = cards.get(c.id);
      if (!card) {
        card = makeCard(c);
        cards.set(c.id, card);
      }
      fill(card, c, state);
      const want = before ? before.nextElementSibling : grid.firstElementChild;
      if (want !== card) grid.insertBefore(card, want);
      before = card;
    }
    for (const [id, card] of cards) {
      if (!seen.has(id)) { card.remove(); cards.delete(id); }
    }
    status(state);
  }

  // Card size, remembered between visits
  function size(s) {
    document.documentElement.dataset.size = s;
    for (const b of document.querySelectorAll(".sizes button")) b.setAttribute("aria-pressed", String(b.dataset.size === s));
    try { localStorage.setItem("fichegen-size", s); } catch (e) { /* private mode: not remembered */ }
  }
  let saved = "m";
  try { saved = localStorage.getItem("fichegen-size") || "m"; } catch (e) { /* not remembered */ }
  size(saved);
  for (const b of document.querySelectorAll(".sizes button")) b.addEventListener("click", () => size(b.dataset.size));

  // PDFs: built by the server on request; the link says so while it works, and problems go to the box
  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[download][href^='/pdf/']");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    if (link.classList.contains("busy")) return;
    const label = link.textContent;
    link.classList.add("busy");
    link.textContent = "Building…";
    try {
      const answer = await fetch(link.href);
      if (!answer.ok) {
        const text = (await answer.text()).trim();
        $("problems").hidden = false;
        $("problems-head").textContent = `Could not build ${link.pathname.split("/").pop()}`;
        $("problem-lines").textContent = text;
        return;
      }
      const header = answer.headers.get("Content-Disposition") || "";
      const full = /filename\*=UTF-8''([^;]+)/.exec(header);
      const name = full ? [full[0], decodeURIComponent(full[1])] : /filename="([^"]+)"/.exec(header);
      const url = URL.createObjectURL(await answer.blob());
      const save = el("a");
      save.href = url;
      save.download = name ? name[1] : "fichegen.pdf";
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } finally {
      link.classList.remove("busy");
      link.textContent = label;
    }
  });

  render(JSON.parse($("state").textContent));
  const events = new EventSource("/events");
  events.addEventListener("deck", (e) => render(JSON.parse(e.data)));
  events.addEventListener("open", () => { shown = -1; }); // a restarted server counts its versions from the start
  events.addEventListener("error", () => {
    $("status").classList.remove("live", "busy");
    $("status-text").textContent = "Not connected: is fichegen serve still running? Retrying…";
  });
})();
