"""Draw Ritme's app icons (a pulse line on the brand teal) into frontend/public/icons/.

Run once after changing the mark and commit the PNGs; the build only copies them:
    .venv/bin/pip install pillow && .venv/bin/python frontend/scripts/make_icons.py

Shapes are drawn at 4x and scaled down, because Pillow does not anti-alias lines.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "public" / "icons"

TEAL_TOP = (18, 128, 127)  # lighter teal at the top, a hint of depth
TEAL_BOTTOM = (11, 87, 87)  # the brand teal (#0b5757) at the bottom
WHITE = (255, 255, 255)
AMBER = (245, 166, 35)

# A heartbeat with a steady baseline: rhythm, not a single peak. Unit square 0..1.
PULSE = [(0.10, 0.56), (0.32, 0.56), (0.41, 0.34), (0.52, 0.74), (0.62, 0.24), (0.70, 0.56), (0.77, 0.56)]
DOT = (0.885, 0.56)
SCALE = 4


def gradient(size: int) -> Image.Image:
    """A vertical teal gradient filling the whole square."""
    img = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(img)
    for y in range(size):
        t = y / max(size - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(TEAL_TOP, TEAL_BOTTOM))
        draw.line([(0, y), (size, y)], fill=colour)
    return img


def draw_mark(img: Image.Image, box: tuple[float, float, float]) -> None:
    """Draw the pulse and its dot inside box = (left, top, side) in pixels."""
    left, top, side = box
    draw = ImageDraw.Draw(img)
    points = [(left + x * side, top + y * side) for x, y in PULSE]
    width = round(side * 0.075)
    draw.line(points, fill=WHITE, width=width, joint="curve")
    for x, y in (points[0], points[-1]):  # round caps
        r = width / 2
        draw.ellipse([x - r, y - r, x + r, y + r], fill=WHITE)
    cx, cy = left + DOT[0] * side, top + DOT[1] * side
    r = side * 0.065
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=AMBER)


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    if maskable:
        # Full bleed; the mark stays inside the 80% safe circle that launchers may crop to.
        img = gradient(big).convert("RGBA")
        inset = big * 0.20
    else:
        img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
        mask = Image.new("L", (big, big), 0)
        ImageDraw.Draw(mask).rounded_rectangle([0, 0, big - 1, big - 1], radius=round(big * 0.22), fill=255)
        img.paste(gradient(big), (0, 0), mask)
        inset = big * 0.12
    draw_mark(img, (inset, inset, big - 2 * inset))
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    icon(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    icon(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS ignores the manifest icons and rounds the corners itself, so it gets the full-bleed one.
    icon(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
