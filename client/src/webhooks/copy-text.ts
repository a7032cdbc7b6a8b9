// Copies text to the clipboard. Inside monday's iframe the Clipboard API may be refused (the host
// page decides what its frame may do), so the fallback is the copy command, filling the copy
// event's data itself (no selection or focus needed, which a dialog's focus trap would take back).
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    let filled = false;
    const onCopy = (event: ClipboardEvent) => {
      event.clipboardData?.setData("text/plain", text);
      event.preventDefault();
      filled = event.clipboardData !== null;
    };
    document.addEventListener("copy", onCopy);
    try {
      return document.execCommand("copy") && filled;
    } finally {
      document.removeEventListener("copy", onCopy);
    }
  }
}
