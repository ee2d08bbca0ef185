"""Start the CWS/CMS CSEC Documentation Trainer (TRAINING: all data fictional).

    python main.py                      open the trainer on its bundled scenarios
    python main.py --data-dir DIR       keep the trainer's data in DIR
    python main.py --screenshots DIR    render every notebook page to PNG files, offscreen
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="CWS/CMS CSEC Documentation Trainer (training data only)."
    )
    parser.add_argument("--data-dir", help="data folder (default: the user data folder, "
                        "or $CWSTRAINER_DATA_DIR)")
    parser.add_argument("--scenarios", help="scenario folder (default: scenarios/ here)")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="render every notebook page to PNG files in DIR and exit")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.screenshots:
        import os

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ui.screenshots import render_all

        for path in render_all(args.screenshots, args.scenarios):
            print(path)
        return 0
    from cwstrainer.paths import data_dir, use_private_umask
    from ui import crash
    from ui.app import application, create_window

    use_private_umask()  # the database, its journal, logs and exports: this user's alone
    app = application(sys.argv[:1])
    crash.install(data_dir(args.data_dir))
    window = create_window(args.data_dir, args.scenarios)
    window.show()
    window.after_first_paint(window.choose_scenario)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
