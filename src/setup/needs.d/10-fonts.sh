# Trace plots are rendered with AWT in headless mode and need a font.
# apt: fontconfig fonts-dejavu-core
true
