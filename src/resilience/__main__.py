from resilience.cli import main

raise SystemExit(main())
