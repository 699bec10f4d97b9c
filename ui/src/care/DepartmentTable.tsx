import type { DepartmentStories } from '../ipc';
import './care.css';

/**
 * Which of our departments the stories come from: successes, horror stories
 * and the horror stories still open, one row per department. Used for one
 * account and across the portfolio.
 */
export function DepartmentTable({ rows, caption, testId }: { rows: readonly DepartmentStories[]; caption: string; testId: string }) {
  return (
    <div className="table-wrap story-departments">
      <table className="table" data-testid={testId}>
        <caption className="care-caption">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Department</th>
            <th scope="col" className="num">
              Successes
            </th>
            <th scope="col" className="num">
              Horror stories
            </th>
            <th scope="col" className="num">
              Still open
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.department} data-testid="story-department">
              <th scope="row" className="cell-name">
                {d.department}
              </th>
              <td className="num">{d.success}</td>
              <td className="num">{d.horror}</td>
              <td className={d.open_horror > 0 ? 'num care-warn' : 'num'}>{d.open_horror}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
