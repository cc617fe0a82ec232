// The Trader engine (model, strategies, brokers, feeds, runners, journal) is built by issue 3.
// This module intentionally exposes nothing yet: there is no engine to pretend with.
