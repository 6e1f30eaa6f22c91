"""A real SMTP server for tests (Debian's python3-aiosmtpd), with the refusals a real one gives.

Recipients whose local part starts with "reject" are refused for good (550); with "greylist", refused
for now (451) the first time each address is tried, then accepted. Accepted mail is appended, one
JSON object a line, to the --log file. SMTPUTF8 is offered, so internationalized addresses go through.
"""
import argparse
import asyncio
import json
import signal

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, log):
        self.log = log
        self.greylisted = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 No such mailbox here"
        if local.startswith("greylist") and address not in self.greylisted:
            self.greylisted.add(address)
            return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        record = {
            "from": envelope.mail_from,
            "to": envelope.rcpt_tos,
            "smtputf8": envelope.smtp_utf8,
            "content": envelope.content.decode("utf-8", "replace"),
        }
        with open(self.log, "a", encoding="utf-8") as log:
            log.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 2.0.0 Accepted"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    handler = Handler(args.log)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, enable_SMTPUTF8=True, decode_data=False, hostname="smtp.test"), "127.0.0.1", args.port)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()


asyncio.run(main())
