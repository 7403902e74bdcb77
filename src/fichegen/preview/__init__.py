"""`fichegen serve`: the live preview. `render.py` keeps every card's pictures and knows what changed,
`server.py` answers the browser (the page, its pictures, its events, the PDFs it built), `page.py`
with `page.html`, `page.css` and `page.js` is the page, and `serve.py` joins them to the file watch."""
