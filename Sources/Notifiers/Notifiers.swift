// HTTP on libcurl, the Telegram and Slack clients, charts and log handlers are built by issue 4.
// This module intentionally exposes nothing yet.
import CCairo
import CCurl
import Trader
