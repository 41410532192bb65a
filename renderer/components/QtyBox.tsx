/**
 * A box for a quantity: left to right whatever the page's direction (digits keep their order), the text selected
 * on focus so typing replaces it, read by the screen in any digits (format.ts num.read). Empty means nothing.
 */
export function QtyBox(props: { value: string; onChange: (text: string) => void; label: string; testId: string; invalid?: boolean; width?: number }) {
  return (
    <input
      type="text"
      inputMode="decimal"
      dir="ltr"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      onFocus={(e) => e.currentTarget.select()}
      style={{ width: props.width ?? 110, textAlign: 'end' }}
      aria-label={props.label}
      aria-invalid={props.invalid === true ? true : undefined}
      data-testid={props.testId}
    />
  );
}
