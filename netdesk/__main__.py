from netdesk.cli import main

raise SystemExit(main())
