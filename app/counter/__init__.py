"""Counter work: money, the ledger, recharge and refund, shifts, receipts, settlement, documents."""
