from tramas.cli import app

app(prog_name="tramas")
