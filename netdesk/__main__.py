from netdesk.start import main

raise SystemExit(main())
