"""``cwstrainer lrs``: configure a Learning Record Store and send the queued statements."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from cwstrainer import lrs, lrs_secret, regrade
from cwstrainer.commands._store import opened
from cwstrainer.exports import xapi
from cwstrainer.paths import data_dir

PASSWORD_ENV = "CWSTRAINER_LRS_PASSWORD"


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "lrs", help="send results to a Learning Record Store"
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    cfg = actions.add_parser("configure", help="set the LRS endpoint and credentials")
    cfg.add_argument("endpoint", help="the LRS's xAPI endpoint, e.g. https://lrs.example/xAPI/")
    cfg.add_argument("username")
    cfg.add_argument("--home-page", default=xapi.DEFAULT_HOME_PAGE)
    actions.add_parser("off", help="stop sending (forget the LRS settings)")
    actions.add_parser("send", help="queue submitted attempts and send what is queued")
    actions.add_parser("status", help="how many statements wait to be sent")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with opened(data_dir(args.data_dir)) as store:
        if args.action == "configure":
            password = os.environ.get(PASSWORD_ENV) or getpass.getpass("LRS password: ")
            lrs.configure(
                store, lrs.LrsConfig(args.endpoint, args.username, password, args.home_page)
            )
            print(f"statements will be sent to {args.endpoint}")
            print(f"the LRS password is kept {lrs_secret.described(store)}")
            return 0
        if args.action == "off":
            lrs.configure(store, None)
            print("no LRS configured: nothing will be sent")
            return 0
        config = lrs.configured(store)
        if args.action == "status":
            where = config.endpoint if config else "no LRS configured"
            print(f"{lrs.pending(store)} statement(s) queued ({where})")
            return 0
        if config is None:
            print("no LRS configured: run `cwstrainer lrs configure ENDPOINT USERNAME` first")
            return 1
        if regrade.old_reports(store):  # statements carry the current grader's verdicts
            print(regrade.regrade_old_reports(store))
        lrs.enqueue_submitted(store, config.home_page)
        result = lrs.send_pending(store, config)
        print(f"{result.sent} sent, {result.rejected} rejected, {result.queued} still queued")
        if result.error or result.queued:
            print(
                f"cwstrainer: {result.queued} statement(s) stay queued; the LRS's answer: "
                f"{result.error or 'none'}",
                file=sys.stderr,
            )
            return 1
        return 0
