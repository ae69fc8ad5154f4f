import Foundation
import MutualInformation

// Two rooms joined by a doorway; each action slips to a random one 10% of the time.
let world = try Gridworld(
  map: [
    "###########",
    "#....#....#",
    "#....#....#",
    "#.........#",
    "#....#....#",
    "#....#....#",
    "###########",
  ],
  slip: 0.1)

// 3-step empowerment of every free cell: the capacity of the channel from the 125 action
// sequences to the cell they end in, by Blahut–Arimoto (in nats).
let map = try Empowerment(steps: 3).map(of: world)
for row in map {
  print(row.map { value in value.map { String(format: "%5.2f", $0) } ?? "   ##" }.joined(separator: " "))
}
let values = map.joined().compactMap { $0 }
print("lowest \(values.min()!), highest \(values.max()!) nats")
