"""An error the person at the command line can fix; printed as one line."""


class UserError(Exception):
    pass
