"""The application has its icon (resources/cwstrainer.png), shipped with the code."""

from ui.app import ICON, application


def test_the_window_icon_is_the_trainers():
    assert ICON.is_file()
    app = application()
    assert not app.windowIcon().isNull()
    assert app.windowIcon().availableSizes() or app.windowIcon().pixmap(64).width() == 64
