/** The registration form's yes-or-no choices: each a checkbox that posts "on" when ticked. */
export function AppOptions({ labels }: { labels: { firstParty: string; deviceSignIn: string; refreshOutlives: string } }) {
  const options = [
    { name: 'firstParty', label: labels.firstParty },
    { name: 'deviceSignIn', label: labels.deviceSignIn },
    { name: 'refreshOutlivesSession', label: labels.refreshOutlives },
  ]
  return (
    <>
      {options.map((option) => (
        <label key={option.name} className="flex items-start gap-2 text-sm">
          <input type="checkbox" name={option.name} className="mt-1" />
          <span>{option.label}</span>
        </label>
      ))}
    </>
  )
}
