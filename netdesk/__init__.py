"""netdesk: a desktop relationship manager for people who live on referrals."""

__version__ = "0.1.0"
