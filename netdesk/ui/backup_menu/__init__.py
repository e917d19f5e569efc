"""Backups a person can see: File → Back Up Now, File → Restore from Backup…"""

from netdesk.ui.backup_menu.backup_actions import BackupActions, install

__all__ = ["BackupActions", "install"]
