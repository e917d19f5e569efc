"""The Qt layer: item models over the domain, panes, dialogs and the main window."""
