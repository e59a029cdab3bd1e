/^body/ re
