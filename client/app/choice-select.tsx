/** A select over a fixed list of API values, each shown by its label. */
export function ChoiceSelect<T extends string>(props: { name: string; testId: string; values: readonly T[]; value: T; label(value: T): string; onChange(value: T): void }) {
  return (
    <select name={props.name} data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
      {props.values.map((v) => (
        <option key={v} value={v}>
          {props.label(v)}
        </option>
      ))}
    </select>
  );
}
